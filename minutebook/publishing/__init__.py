"""What minutebook publishes beyond its pages: calendar feeds now, agenda and pack PDFs next."""
