"""plankg's Streamlit app: ``streamlit run app.py`` (or ``plankg demo``).

Kept thin: the pages live in :mod:`kg.webapp` and reach the graph only through :mod:`kg.api`.
"""

from kg.webapp import navigation

navigation()
