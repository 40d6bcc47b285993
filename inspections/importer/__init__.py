"""Turn published reports and structured records into inspections."""
