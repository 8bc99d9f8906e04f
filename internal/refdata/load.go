package refdata

import "errors"

// Load parses every table now and reports the first problem of each, so
// that a program can check its reference data at start-up instead of on
// the first lookup. Tables are otherwise parsed lazily, once, on first
// use; a lookup in a table that failed to parse panics with the error Load
// would have returned. The data is compiled in and tested, so neither
// should happen outside development.
func Load() error {
	var errs []error
	try := func(f func()) {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok {
					errs = append(errs, err)
					return
				}
				panic(r)
			}
		}()
		f()
	}
	try(func() { adminData() })
	try(func() { ochaCodes() })
	try(func() { popData() })
	try(func() { iscoData() })
	try(func() { countryData() })
	try(func() { langIndex() })
	try(func() { ethnicData() })
	try(func() { bmetData() })
	try(func() { Benchmarks() })
	return errors.Join(errs...)
}
