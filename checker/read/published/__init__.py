"""Readers of published reports: saved web pages, Word files, PDFs and copied text.

Each reader turns a file into a ``document.Document`` (paragraphs and table grids in
order); ``align`` finds the spec's tables in it by their labels; ``extract`` turns
the result into the same ``Extraction`` a spreadsheet return gives.
"""
