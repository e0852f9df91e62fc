"""Which thread count of a reference ran fastest: the one Thermogen's ratios are taken against.

    /usr/bin/python3 best_threads.py PREFIX KEY THREADS...

reads PREFIX<threads>/sklearn.json for each THREADS and prints the one whose median KEY
(seconds per epoch or per iteration) is least.
"""
import json
import statistics
import sys

prefix, key, threads = sys.argv[1], sys.argv[2], sys.argv[3:]
seconds = {t: statistics.median(json.load(open(prefix + t + "/sklearn.json"))[key]) for t in threads}
print(min(seconds, key=seconds.get))
