"""The Streamlit review UI; `tmbuild ui` runs app.py. Business logic lives in tm/."""
