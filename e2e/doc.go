// Package e2e holds Remaker's browser journeys: tests that start the real
// server on a fresh, seeded database and drive it with headless Chromium the
// way a case worker or an administrator would, in Bangla and in English.
//
// Everything is in the test files; see README.md for how to run them, where
// the screenshots go and what every page is checked for.
package e2e
