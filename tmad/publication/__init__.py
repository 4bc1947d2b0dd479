"""Publications: consultations, draft directions and response templates built from sources."""
