"""check-workbook: verify returns of the annual report tables."""
