# Money in tables and documents is written 39,951.50 in Chinese official practice; Django's zh_Hans groups
# by four digits with no separator, which prints 39951.50. The rest comes from Django's own zh_Hans module.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
