package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// row is what was measured on one blog.
type row struct {
	posts int
	epub  measurement
	pdf   measurement
	peer  *peerTimes // nil without the peers
}

// The project's targets (issue 7), read from this report and never
// asserted in a timed test.
const (
	targetEPUBRatio = 20      // EPUB at least this many times faster than pandoc
	targetPDFRatio  = 50      // PDF at least this many times faster than pandoc + WeasyPrint
	targetScaling   = 11      // 10,000 posts in at most this many times the 1,000-post time
	targetRSS       = 1 << 30 // peak RSS at 10,000 posts below this
)

// report prints the table, the machine, the scaling and the targets.
func report(w io.Writer, machine, build string, runs int, rows []row) {
	fmt.Fprintf(w, "Machine: %s\n", machine)
	how := "one run of each build"
	if runs > 1 {
		how = fmt.Sprintf("the fastest of %d runs of each build", runs)
	}
	peers := ""
	if slices.ContainsFunc(rows, func(r row) bool { return r.peer != nil }) {
		peers = "; peer times as peer_book.py reports them"
	}
	fmt.Fprintf(w, "Measured: %s, %s; wall time%s\n\n", build, how, peers)
	fmt.Fprintln(w, "| posts | anthology EPUB | pandoc EPUB | ratio | anthology PDF | pandoc + WeasyPrint PDF | ratio | anthology peak RSS (EPUB / PDF) |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		peerEPUB, peerPDF, epubRatio, pdfRatio := "—", "—", "—", "—"
		if r.peer != nil {
			peerEPUB, epubRatio = seconds(r.peer.epub), ratio(r.peer.epub, r.epub.wall)
			if r.peer.pdf > 0 {
				peerPDF, pdfRatio = seconds(r.peer.pdf), ratio(r.peer.pdf, r.pdf.wall)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", thousands(r.posts),
			seconds(r.epub.wall), peerEPUB, epubRatio, seconds(r.pdf.wall), peerPDF, pdfRatio,
			mib(r.epub.maxRSS), mib(r.pdf.maxRSS))
	}
	if len(rows) > 1 {
		fmt.Fprintln(w)
		base := rows[0]
		for _, r := range rows[1:] {
			fmt.Fprintf(w, "Scaling %s → %s posts (×%s): EPUB %s, PDF %s, EPUB + PDF %s\n",
				thousands(base.posts), thousands(r.posts), trim(float64(r.posts)/float64(base.posts)),
				ratio(r.epub.wall, base.epub.wall), ratio(r.pdf.wall, base.pdf.wall),
				ratio(r.epub.wall+r.pdf.wall, base.epub.wall+base.pdf.wall))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Targets:")
	for _, line := range targets(rows) {
		fmt.Fprintf(w, "- %s\n", line)
	}
}

// targets says, for each target, what was measured and whether it is met.
func targets(rows []row) []string {
	byPosts := map[int]row{}
	for _, r := range rows {
		byPosts[r.posts] = r
	}
	var out []string
	k1, ok1 := byPosts[1000]
	k10, ok10 := byPosts[10000]
	switch {
	case !ok1:
		out = append(out, "1,000 posts against the peers: not measured (include 1000 in -posts)")
	case k1.peer == nil:
		out = append(out, "1,000 posts against the peers: not measured (-peers=false)")
	default:
		out = append(out, verdict(fmt.Sprintf("EPUB at least %d× faster than pandoc", targetEPUBRatio),
			ratio(k1.peer.epub, k1.epub.wall), k1.peer.epub.Seconds()/k1.epub.wall.Seconds() >= targetEPUBRatio))
		if k1.peer.pdf > 0 {
			out = append(out, verdict(fmt.Sprintf("PDF at least %d× faster than pandoc + WeasyPrint", targetPDFRatio),
				ratio(k1.peer.pdf, k1.pdf.wall), k1.peer.pdf.Seconds()/k1.pdf.wall.Seconds() >= targetPDFRatio))
		}
	}
	if !ok10 {
		out = append(out, "10,000 posts: not measured (run with -posts 1000,10000)")
		return out
	}
	if ok1 {
		total1, total10 := k1.epub.wall+k1.pdf.wall, k10.epub.wall+k10.pdf.wall
		out = append(out, verdict(fmt.Sprintf("10,000 posts (EPUB + PDF) in at most %d× the 1,000-post time", targetScaling),
			ratio(total10, total1), total10.Seconds() <= targetScaling*total1.Seconds()))
	} else {
		out = append(out, "10,000 posts against 1,000: not measured (include 1000 in -posts)")
	}
	peak := max(k10.epub.maxRSS, k10.pdf.maxRSS)
	if peak == 0 {
		out = append(out, "peak RSS at 10,000 posts: not known on this system")
	} else {
		out = append(out, verdict("peak RSS under 1 GiB at 10,000 posts", mib(peak), peak < targetRSS))
	}
	return out
}

func verdict(target, got string, met bool) string {
	if met {
		return target + ": " + got + ", met"
	}
	return target + ": " + got + ", missed"
}

// seconds formats a duration as seconds with two decimals.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s" }

// ratio is a/b as "12.3×".
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "—"
	}
	return strconv.FormatFloat(a.Seconds()/b.Seconds(), 'f', 1, 64) + "×"
}

// mib formats bytes as MiB, or "?" when unknown.
func mib(n int64) string {
	if n <= 0 {
		return "?"
	}
	return strconv.FormatInt((n+(1<<19))>>20, 10) + " MiB"
}

// trim formats a number with at most one decimal.
func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
