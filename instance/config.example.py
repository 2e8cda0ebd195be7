# Copy to instance/config.py and adjust. FOIA_* environment variables override these.
# DATABASE_URL = "postgresql://foia@db.example.org/foia"
# SESSION_COOKIE_SECURE = True   # when served over HTTPS
# PER_PAGE = 50
