"""What runs inside the snippet's own interpreter, or in the reader's browser: the traced
run, the recorder, and Pyodide's launcher. Standard library only, and each file also
runs on its own, beside the others, as a plain module (see `traced.py`)."""
