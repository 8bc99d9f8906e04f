package gen

import (
	"encoding/hex"
	"time"
)

// ids makes the generator's record IDs: UUIDv7 like the store's (time
// ordered, so that bulk inserts append to the primary key indexes), but
// reproducible: the timestamp is a fixed base plus a running number, and
// the random bits come from the seed and that number.
type ids struct {
	baseMs uint64
	salt   uint64
	seq    uint64
}

func newIDs(day time.Time, seed, start uint64) *ids {
	// A day before the generation day, so that generated IDs sort before
	// anything the server creates afterwards.
	base := uint64(day.Add(-24 * time.Hour).UnixMilli())
	return &ids{baseMs: base + start*40, salt: mix(seed ^ 0x9e3779b97f4a7c15 ^ start<<1)}
}

// mix is splitmix64's finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (g *ids) next() string {
	g.seq++
	ms := g.baseMs + g.seq/4 // four IDs per millisecond, still strictly increasing below
	r1, r2 := mix(g.salt+g.seq), mix(g.salt^(g.seq<<17)+0x632be59bd9b4e019)
	var b [16]byte
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	// rand_a holds the low bits of the running number: IDs made in the
	// same millisecond still sort in the order they were made.
	seqBits := uint16(g.seq%4)<<10 | uint16(r1&0x3ff)
	b[6] = 0x70 | byte(seqBits>>8&0x0f)
	b[7] = byte(seqBits)
	b[8] = 0x80 | byte(r2>>56&0x3f)
	for i := 9; i < 16; i++ {
		b[i] = byte(r2 >> (8 * (15 - i)))
	}
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}
