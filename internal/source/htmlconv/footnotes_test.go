package htmlconv

import (
	"strings"
	"testing"
)

func TestFootnotes(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     string
		warnings int
		notes    map[string]string
	}{
		{
			name: "goldmark and Hugo",
			in:   `<p>A kettle<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup> sang.</p><div class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1"><p>Copper, mostly.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p></li></ol></div>`,
			want: "A kettle[^1] sang.\n\n[^1]: Copper, mostly.\n",
		},
		{
			name: "kramdown, two references to one note",
			in:   `<p>Moss<sup id="fnref:m" role="doc-noteref"><a href="#fn:m" class="footnote" rel="footnote">1</a></sup> and more moss<sup id="fnref:m:1" role="doc-noteref"><a href="#fn:m" class="footnote" rel="footnote">1</a></sup>.</p><div class="footnotes" role="doc-endnotes"><ol><li id="fn:m" role="doc-endnote"><p>It grows north. <a href="#fnref:m" class="reversefootnote" role="doc-backlink">&#8617;</a> <a href="#fnref:m:1" class="reversefootnote" role="doc-backlink">&#8617;<sup>2</sup></a></p></li></ol></div>`,
			want: "Moss[^1] and more moss[^1].\n\n[^1]: It grows north.\n",
		},
		{
			name: "pandoc, a note of two paragraphs with code",
			in:   `<p>Tide tables<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> help.</p><section class="footnotes" role="doc-endnotes"><hr/><ol><li id="fn1" role="doc-endnote"><p>First part.</p><p>Run <code>tide --now</code> first.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>`,
			want: "Tide tables[^1] help.\n\n[^1]: First part.\n\n    Run `tide --now` first.\n",
		},
		{
			name: "Python-Markdown",
			in:   `<p>Owls<sup id="fnref:owl"><a class="footnote-ref" href="#fn:owl">1</a></sup> hoot.</p><div class="footnote"><hr /><ol><li id="fn:owl"><p>At night.&#160;<a class="footnote-backref" href="#fnref:owl" title="Jump back">&#8617;</a></p></li></ol></div>`,
			want: "Owls[^1] hoot.\n\n[^1]: At night.\n",
		},
		{
			name:     "a reference to a note the post lacks",
			in:       `<p>A bell<sup id="fnref:9"><a href="#fn:9" class="footnote-ref" role="doc-noteref">9</a></sup> rang.</p>`,
			want:     "A bell\\[9] rang.\n",
			warnings: 1,
		},
		{
			name: "an anchor link without notes stays a link",
			in:   `<p>See <a href="#later">below</a>.</p>`,
			want: "See [below](#later).\n",
		},
		{
			name: "a list of back links only goes",
			in:   `<p>Plain text.</p><div class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1"><p><a href="#fnref:1" class="footnote-backref" role="doc-backlink">↩</a></p></li></ol></div>`,
			want: "Plain text.\n",
		},
		{
			name:  "block editor notes from the post's meta",
			in:    `<p>Rain<sup data-fn="a1b2" class="fn"><a href="#a1b2" id="a1b2-link">1</a></sup> fell.</p>`,
			notes: map[string]string{"a1b2": "Light, <em>briefly</em>."},
			want:  "Rain[^1] fell.\n\n[^1]: Light, *briefly*.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []string
			got, err := Convert(tt.in, Options{Notes: tt.notes, Warn: func(f string, a ...any) { warnings = append(warnings, f) }})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", strings.Join(warnings, "; "), tt.warnings)
			}
		})
	}
}
