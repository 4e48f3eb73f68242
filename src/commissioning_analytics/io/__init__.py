"""Every sheet name, header row, fill colour and openpyxl call lives under here."""
