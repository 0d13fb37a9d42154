"""Outside systems cards come from: the Hugging Face Hub (hub.py over http.py) and the local disk."""
