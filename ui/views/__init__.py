"""One module per page, each with render(); named views/ because Streamlit treats a pages/ folder as its own nav."""
