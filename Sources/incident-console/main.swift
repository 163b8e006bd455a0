print("incident-console")
