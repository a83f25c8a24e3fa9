"""No admin for support cases: they are strictly confidential and read only by the advisor who follows them, in
/conseiller/accompagnement/, where every read is recorded (logis.audit). The Logis team sees counts, not content."""
