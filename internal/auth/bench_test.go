package auth

import "testing"

// BenchmarkHashPassword measures one argon2id hash at the production
// settings: this is the cost of every sign-in, by design.
func BenchmarkHashPassword(b *testing.B) {
	saved := Params
	Params = DefaultParams // other tests in this binary lower the cost
	defer func() { Params = saved }()
	for i := 0; i < b.N; i++ {
		if _, err := HashPassword("nodi-ar-akash-2024"); err != nil {
			b.Fatal(err)
		}
	}
}
