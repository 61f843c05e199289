"""Staff pages for labour inspection, a module per section: lists (the inspector's queue, the case list and
its workbook), register (counter registration of a complaint or report), case (the case file, its ACTIONS
and PAGE), ledger (the wage ledger on the case page, its actions on the same core.actions.CasePage
mechanism), documents (the issued PDFs), and clock (the limit running now, for the lists and the case
page). Thin: parse, call a selector or a service, render; urls.py routes them. The statistics page is
dashboard.py."""
