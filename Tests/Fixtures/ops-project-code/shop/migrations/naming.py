PREFIX = "shop_"


def table(name):
    return PREFIX + name
