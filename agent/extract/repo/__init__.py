"""Reading a repository (GitHub or a local folder): which license covers its data, code, or all of it."""
