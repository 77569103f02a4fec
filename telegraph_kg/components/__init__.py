"""Rule components: each reads the parsed Doc and adds facts to the article's record."""
