"""fetch stage: find article URLs and download them politely.

- `ccetl.fetch.discover.discover(source, fetcher, window) -> DiscoveryResult(links, logs, errors)`
- `ccetl.fetch.client.Fetcher(http_settings, ...)`: `fetch_many(urls, source=...) -> list[FetchResult]`
  (and `afetch_many`, `fetch_one`, `afetch_one`); never raises for a bad page
- `ccetl.fetch.urls`: `canonicalize`, `check_url` (scheme / private address), `Link`, `date_from_url`
- `ccetl.fetch.robots`: robots.txt cache (protego); `ccetl.fetch.htmlguard`: nesting-depth cap
"""
