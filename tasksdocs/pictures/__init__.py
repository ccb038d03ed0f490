"""Drawing what a run did: task timelines, the replay, and the scale page's plots. Plain
functions from a recording to HTML and SVG; the browser runs the same files."""
