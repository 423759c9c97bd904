package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/testkit"
)

// row is what was measured on one blog.
type row struct {
	posts   int
	volumes bool // made into volumes (-volume-pages)
	epub    measurement
	pdf     measurement
	peer    *peerTimes // nil without the peers
}

// imageRow is what the images cost on one blog: EPUB and PDF made in one
// run, of the posts without photos, of the same posts with them, and with
// them and no limit to the EPUB's size (--max-size 0), which keeps the
// photos as they are rather than making them smaller to fit.
type imageRow struct {
	posts, photos            int
	without, with, unlimited measurement
}

// curvePoint is one size of the scaling curve: EPUB and PDF in one run.
type curvePoint struct {
	posts int
	both  measurement
}

// results are all a run measured.
type results struct {
	rows []row
	// volumes1k is the 1,000-post blog made into volumes as the
	// 10,000-post one is, when it is.
	volumes1k *row
	images    []imageRow
	curve     []curvePoint
}

// The project's targets (issue 17), read from this report and never
// asserted in a timed test.
var peerTargets = []struct {
	posts     int
	epub, pdf float64 // at least this many times faster than pandoc, pandoc + WeasyPrint
}{{200, 25, 60}, {1000, 30, 80}}

const (
	targetScaling     = 11      // 10,000 posts in at most this many times the 1,000-post time
	targetRSS         = 1 << 30 // peak RSS at 10,000 posts, and with images, below this
	targetImages      = 3       // a blog with photos in at most this many times the time without
	targetImagesPosts = 1000    // the size of that blog
)

// report prints the tables, the machine, the scaling and the targets.
func report(w io.Writer, machine, build string, runs int, res results) {
	rows := res.rows
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
	if len(rows) > 0 {
		fmt.Fprintln(w, "| posts | anthology EPUB | pandoc EPUB | ratio | anthology PDF | pandoc + WeasyPrint PDF | ratio | anthology peak RSS (EPUB / PDF) |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	}
	for _, r := range rows {
		peerEPUB, peerPDF, epubRatio, pdfRatio := "—", "—", "—", "—"
		if r.peer != nil {
			peerEPUB, epubRatio = seconds(r.peer.epub), ratio(r.peer.epub, r.epub.wall)
			if r.peer.pdf > 0 {
				peerPDF, pdfRatio = seconds(r.peer.pdf), ratio(r.peer.pdf, r.pdf.wall)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", r.label(),
			seconds(r.epub.wall), peerEPUB, epubRatio, seconds(r.pdf.wall), peerPDF, pdfRatio,
			mib(r.epub.maxRSS), mib(r.pdf.maxRSS))
	}
	if res.volumes1k != nil {
		r := res.volumes1k
		fmt.Fprintf(w, "| %s | %s | — | — | %s | — | — | %s / %s |\n", r.label(), seconds(r.epub.wall), seconds(r.pdf.wall), mib(r.epub.maxRSS), mib(r.pdf.maxRSS))
	}
	if len(rows) > 1 {
		fmt.Fprintln(w)
		base := rows[0]
		for _, r := range rows[1:] {
			if r.volumes {
				if res.volumes1k == nil {
					continue
				}
				base = *res.volumes1k
			}
			in := ""
			if r.volumes {
				in = " in volumes"
			}
			fmt.Fprintf(w, "Scaling %s → %s posts%s (×%s): EPUB %s, PDF %s, EPUB + PDF %s\n",
				thousands(base.posts), thousands(r.posts), in, trim(float64(r.posts)/float64(base.posts)),
				ratio(r.epub.wall, base.epub.wall), ratio(r.pdf.wall, base.pdf.wall),
				ratio(r.epub.wall+r.pdf.wall, base.epub.wall+base.pdf.wall))
		}
	}
	if len(res.images) > 0 {
		fmt.Fprintf(w, "\nImages: blogs of internal/testkit, a %d×%d JPEG photo in every second post against the same posts without; EPUB and PDF made in one run; with the default --max-size (the photos made smaller to fit the EPUB) and with --max-size 0 (kept as they are)\n\n",
			testkit.PhotoWidth, testkit.PhotoHeight)
		fmt.Fprintln(w, "| posts | photos | EPUB + PDF without | with | ratio | with, --max-size 0 | ratio | peak RSS (without / with / --max-size 0) |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, r := range res.images {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", thousands(r.posts), thousands(r.photos),
				seconds(r.without.wall), seconds(r.with.wall), ratio(r.with.wall, r.without.wall),
				seconds(r.unlimited.wall), ratio(r.unlimited.wall, r.without.wall),
				mib(r.without.maxRSS), mib(r.with.maxRSS), mib(r.unlimited.maxRSS))
		}
	}
	if len(res.curve) > 0 {
		fmt.Fprintln(w, "\nScaling curve: anthology alone, EPUB and PDF made in one run; time per post against the smallest blog's (1.0× is linear)")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| posts | EPUB + PDF | ms per post | per post against the smallest | peak RSS |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
		base := perPost(res.curve[0])
		for _, p := range res.curve {
			fmt.Fprintf(w, "| %s | %s | %s | %s× | %s |\n", thousands(p.posts), seconds(p.both.wall),
				strconv.FormatFloat(perPost(p)*1000, 'f', 2, 64), strconv.FormatFloat(perPost(p)/base, 'f', 2, 64), mib(p.both.maxRSS))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Targets:")
	for _, line := range targets(res) {
		fmt.Fprintf(w, "- %s\n", line)
	}
}

// perPost is the seconds a curve point took per post.
func perPost(p curvePoint) float64 { return p.both.wall.Seconds() / float64(p.posts) }

// targets says, for each target, what was measured and whether it is met.
func targets(res results) []string {
	byPosts := map[int]row{}
	for _, r := range res.rows {
		byPosts[r.posts] = r
	}
	var out []string
	for _, t := range peerTargets {
		r, ok := byPosts[t.posts]
		at := thousands(t.posts) + " posts"
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s against the peers: not measured (include %d in -posts)", at, t.posts))
			continue
		case r.peer == nil:
			out = append(out, at+" against the peers: not measured (-peers=false or over -peer-limit)")
			continue
		}
		out = append(out, verdict(fmt.Sprintf("%s: EPUB at least %s× faster than pandoc", at, trim(t.epub)),
			ratio(r.peer.epub, r.epub.wall), r.peer.epub.Seconds()/r.epub.wall.Seconds() >= t.epub))
		if r.peer.pdf > 0 {
			out = append(out, verdict(fmt.Sprintf("%s: PDF at least %s× faster than pandoc + WeasyPrint", at, trim(t.pdf)),
				ratio(r.peer.pdf, r.pdf.wall), r.peer.pdf.Seconds()/r.pdf.wall.Seconds() >= t.pdf))
		} else {
			out = append(out, at+": PDF against pandoc + WeasyPrint: not measured (over -peer-pdf-limit)")
		}
	}
	out = append(out, scalingTargets(byPosts, res.volumes1k)...)
	return append(out, imageTargets(res.images)...)
}

// label names a row's blog in the tables.
func (r row) label() string {
	if r.volumes {
		return thousands(r.posts) + " in volumes"
	}
	return thousands(r.posts)
}

// scalingTargets are the targets of 10,000 posts, against 1,000 made the
// same way (in volumes, or not), volumes1k when it is not nil.
func scalingTargets(byPosts map[int]row, volumes1k *row) []string {
	k1, ok1 := byPosts[1000]
	k10, ok10 := byPosts[10000]
	if volumes1k != nil {
		k1, ok1 = *volumes1k, true
	} else if ok1 && k1.volumes != k10.volumes {
		ok1 = false
	}
	if !ok10 {
		return []string{"10,000 posts: not measured (run with -posts 1000,10000)"}
	}
	var out []string
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

// imageTargets are the targets of the blog with photos.
func imageTargets(images []imageRow) []string {
	i := slices.IndexFunc(images, func(r imageRow) bool { return r.posts == targetImagesPosts })
	if i < 0 {
		return []string{fmt.Sprintf("%s posts with photos: not measured (include %d in -images)", thousands(targetImagesPosts), targetImagesPosts)}
	}
	r := images[i]
	at := fmt.Sprintf("%s posts with %s photos", thousands(r.posts), thousands(r.photos))
	out := []string{verdict(fmt.Sprintf("%s (EPUB + PDF) in at most %d× the time without", at, targetImages),
		ratio(r.with.wall, r.without.wall), r.with.wall.Seconds() <= targetImages*r.without.wall.Seconds())}
	peak := max(r.with.maxRSS, r.unlimited.maxRSS)
	if peak == 0 {
		return append(out, at+": peak RSS not known on this system")
	}
	return append(out, verdict(at+": peak RSS under 1 GiB", mib(peak), peak < targetRSS))
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
