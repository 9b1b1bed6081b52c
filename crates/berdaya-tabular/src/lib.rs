//! Streaming CSV/XLSX reading and writing, column mapping, row-level error reports.
