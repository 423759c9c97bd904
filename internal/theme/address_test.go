package theme

import "testing"

func TestDropAddresses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"no address here.", "no address here."},
		{"ping @kilnworks about it", "ping . about it"},
		{"see pic.example.com/xyz now", "see . now"},
		{"read <https://kilns.example.org/glazes/cone-six> first", "read . first"},
		{"written in Node.js and ASP.NET", "written in Node.js and ASP.NET"},
		{"mail me at a @ b", "mail me at a @ b"},
		{"(www.example.net)", "."},
		{"(see www.example.net).", "(see ."},
	} {
		if got := dropAddresses(tc.in); got != tc.want {
			t.Errorf("dropAddresses(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
