package reports

import "image/color"

// CompanyColor is the colour company id has on every chart of a report,
// for pages that draw their own charts of the same companies.
func CompanyColor(id string) color.RGBA { return companyColor(id) }
