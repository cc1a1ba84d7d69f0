"""The five built-in Word templates, their generator and the placeholder registry.

The .docx files here are data shipped with the app (see ``app.paths.templates_dir``); the
Python modules say what may appear in them. No Qt here.
"""
