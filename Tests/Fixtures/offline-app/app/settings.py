import os

DATABASE_URL = os.environ.get("APP_DATABASE", "postgresql://app@localhost/app")
