"""Staff pages for labour disputes, a module per section: lists (the mediator's queue, the case list and its
workbook), register (counter registration and the slip after it), case (the case file, its ACTIONS and
PAGE), files (evidence and the issued PDFs), and clock (the mediation limit both lists and the case page
show). Thin: parse, call a selector or a service, render; what every case module shares is core's
(core.actions, core.casepages) and urls.py routes them. The statistics page is dashboard.py."""
