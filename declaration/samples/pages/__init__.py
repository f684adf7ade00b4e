"""Published annual reports generated from the spec (web pages, as offices put them on
their sites): the sample data of the published-report readers' tests and benchmark."""
