"""lkjip: turn per-kecamatan data folders into LKjIP performance reports."""

__version__ = "0.1.0"
