package main

import (
	"fmt"
	"io"
)

// writeTable prints one Markdown row per blog, then a line for each row
// that is incomplete.
func writeTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| blog | generator | posts found / published (titles −missing +extra) | epubcheck errors / warnings | template lines EPUB / PDF | recall EPUB / PDF | images referenced (held) / EPUB / PDF | own-site links abs / rel | not printed | time | peak RSS |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		built := r.Built
		na := func(s string) string {
			if !built {
				return "–"
			}
			return s
		}
		fmt.Fprintf(w, "| %s | %s | %s / %d%s | %s | %s | %s | %s (%d) / %s / %s | %s | %s | %.0f s | %.0f MB |\n",
			r.Name, r.Generator,
			na(fmt.Sprint(r.Found)), r.Published, titleNote(r),
			na(fmt.Sprintf("%d / %d", r.EPUBCheck.Errors+r.EPUBCheck.Fatals, r.EPUBCheck.Warnings)),
			na(fmt.Sprintf("%d / %d", r.TemplateEPUB, r.TemplatePDF)),
			na(fmt.Sprintf("%.1f %% / %.1f %%", 100*r.RecallEPUB, 100*r.RecallPDF)),
			fmt.Sprint(r.ImagesSource), r.ImagesHeld, na(fmt.Sprint(r.ImagesEPUB)), na(fmt.Sprint(r.ImagesPDF)),
			na(fmt.Sprintf("%d / %d", r.OwnLinks, r.SiteRelativeLinks)),
			na(fmt.Sprint(r.NotPrinted)),
			r.Seconds, r.PeakRSSMB)
	}
	for _, r := range results {
		if r.Error != "" {
			msg := r.Error
			if r.FirstError != "" {
				msg += ": " + r.FirstError
			}
			fmt.Fprintf(w, "\n%s: %s", r.Name, msg)
		}
	}
	fmt.Fprintln(w)
}

// titleNote says how many published posts the book lacks and how many it
// has that were not published, when either is not zero.
func titleNote(r result) string {
	if !r.Built || r.Missing+r.Extra == 0 {
		return ""
	}
	return fmt.Sprintf(" (−%d +%d)", r.Missing, r.Extra)
}
