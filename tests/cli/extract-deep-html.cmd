python3 -c "print(\"<html><body>\"+\"<div>\"*100000+\"<p>deep</p>\"+\"</div>\"*100000+\"</body></html>\")" | $RAPPORTI extract --kind html -
