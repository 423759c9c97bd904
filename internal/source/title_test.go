package source

import "testing"

func TestPlainTitle(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Interesting <code>NumberFormat</code> API behavior", "Interesting NumberFormat API behavior"},
		{"HTML <em>document</em> &amp; <strong>its <i>parts</i></strong>", "HTML document & its parts"},
		{`The <a href="https://x.org">x</a> <span class="c">site</span>`, "The x site"},
		{"Two<br>lines<br/>here", "Two lines here"},
		{"Tom &amp; Jerry &#8211; &lt;b&gt; escaped", "Tom & Jerry – <b> escaped"},
		{"Vec<T> and Option<String>", "Vec<T> and Option<String>"},
		{"the <b> tag, never closed", "the <b> tag, never closed"},
		{"a < b > c", "a < b > c"},
		{"a <div>block</div>", "a <div>block</div>"},
		{"<CODE>upper</CODE> case", "upper case"},
		{"nested <b>x <b>y</b> z</b>", "nested x y z"},
		{"unbalanced </em> close", "unbalanced </em> close"},
		{"<", "<"},
		{"&", "&"},
		{"plain", "plain"},
	} {
		if got := plainTitle(tt.in); got != tt.want {
			t.Errorf("plainTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
