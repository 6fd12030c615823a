// The interactive browser (panes, dialogs, actions) lands with the browser issue.
// Until then this module only joins MigrationCore and TerminalUI.
import MigrationCore
import TerminalUI
