# testvms/build.mk: guest images.  Filled in by the testvms work.
.PHONY: guests
guests:
