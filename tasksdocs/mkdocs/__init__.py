"""The MkDocs adapter: the plugin's hooks, the blocks of a page, the checks of a rendered
page, and the build report. It asks `engine` to run blocks and `pictures` to draw them."""
