"""Territorial skills forecasting (GPEC): hours needed and available per territory and job family,
read from the needs, the GE projects and the job exchange, beside a public forecast file. It sits
above those domains (the forecast tables themselves live in `mutualis.territories.models`)."""
