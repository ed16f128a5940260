"""`blamelint report`: an archive of postmortems read as a whole.

collect.py reads per-document facts from the engine (findings through collect.findings_for)
and the structure views; dates.py, themes.py and trends.py derive the rest; model.py
assembles the JSON contract that render_json, render_markdown and render_html print.
"""
