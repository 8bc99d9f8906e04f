package xlsform

import "testing"

func TestIntegralNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"12.0": true, "-3.00": true, "0.0": true,
		"12": false, "12.5": false, "12.": false, ".0": false, "-.0": false, "1.0e3": false, "a.0": false, "1.0.0": false,
	} {
		if got := integralNumber(s); got != want {
			t.Errorf("integralNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
