import ArgumentParser

/// `--theme`: the colour theme of the browser and of `retort graph` on a terminal.
///
/// An option group under the same property name in the root command and in `graph`, as
/// `ProjectArguments` is: ArgumentParser then gives both the one value, wherever it was
/// written. (A plain option in each gives the value to the root command only.)
struct ThemeArguments: ParsableArguments {
    @Option(help: "Colour theme: default, light, high-contrast, mono, or a .theme file (default $RETORT_THEME).")
    var theme: String?
}
