package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café, l'été !", "cafe-l-ete"},
		{"Kubernetes, the hard way, AZCLI style", "kubernetes-the-hard-way-azcli-style"},
		{"My very first public presentation – feedback", "my-very-first-public-presentation-feedback"},
		{"  ", ""},
		{"Ελληνικά 2", "ελληνικα-2"},
		{"ﬁne", "fine"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
