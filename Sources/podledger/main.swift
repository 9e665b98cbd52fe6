print("podledger")
