"""What a build run needs besides content: the metadata cache and atomic writes
(:mod:`.filecache`), the build's own date (:mod:`.buildtime`) and hook timings (:mod:`.timing`)."""
