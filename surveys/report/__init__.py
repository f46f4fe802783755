"""The district report: indicators, problems and the builders (workbook, Word draft, HTML, JSON)."""
