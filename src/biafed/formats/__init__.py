"""One date format and one number format per language (FORMAT_MODULE_PATH).

Templates use the named formats (`|date:"DATE_FORMAT"`, `"SHORT_DATE_FORMAT"`,
`"DATETIME_FORMAT"`, `"SHORT_DATETIME_FORMAT"`), never a literal pattern; hours go
through the `hours` filter of `common_tags`.
"""
