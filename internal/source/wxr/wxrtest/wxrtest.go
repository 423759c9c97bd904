// Package wxrtest generates large WordPress exports for the tests that
// check that the wxr source, and the whole compile, stream them in bounded
// memory.
package wxrtest

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Generate writes an export of at least size bytes to w and returns how
// many it wrote: posts with block comments, captions and entities, among
// drafts, pages and attachments (one in ten each), in twelve categories.
func Generate(w io.Writer, size int64) (int64, error) {
	bw := bufio.NewWriter(w)
	var written int64
	write := func(format string, args ...any) error {
		n, err := fmt.Fprintf(bw, format, args...)
		written += int64(n)
		return err
	}
	if err := write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><language>en</language>
<wp:author><wp:author_login>a</wp:author_login><wp:author_display_name><![CDATA[Ann Example]]></wp:author_display_name></wp:author>
`); err != nil {
		return written, err
	}
	para := strings.Repeat("Walking up the valley&nbsp;we saw larches, marmots &amp; the glacier's tongue. ", 12)
	for i := 1; written < size; i++ {
		var body strings.Builder
		for k := 0; k < 12; k++ {
			fmt.Fprintf(&body, "<!-- wp:paragraph -->\n<p>%d.%d %s</p>\n<!-- /wp:paragraph -->\n\n", i, k, para)
		}
		fmt.Fprintf(&body, `[caption id="attachment_%d" width="300"]<img src="https://big.example/wp-content/uploads/x%d.jpg" alt="Picture %d" /> Caption %d[/caption]`, i, i, i, i)
		status, typ := "publish", "post"
		switch i % 10 {
		case 7:
			status = "draft"
		case 8:
			typ = "page"
		case 9:
			typ, status = "attachment", "inherit"
		}
		err := write(`<item><title><![CDATA[Walk number %d]]></title><link>https://big.example/%d/</link><dc:creator>a</dc:creator>
<content:encoded><![CDATA[%s]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date_gmt>20%02d-%02d-%02d 08:00:00</wp:post_date_gmt><wp:post_name>walk-%d</wp:post_name>
<wp:status>%s</wp:status><wp:post_type>%s</wp:post_type>
<category domain="category" nicename="c%d"><![CDATA[Valley %d]]></category><category domain="post_tag" nicename="t"><![CDATA[walks]]></category></item>
`, i, i, body.String(), i, 10+i%15, 1+i%12, 1+i%28, i, status, typ, i%12, i%12)
		if err != nil {
			return written, err
		}
	}
	if err := write("</channel></rss>\n"); err != nil {
		return written, err
	}
	return written, bw.Flush()
}
