-- Monthly churn by plan
SELECT plan,
       COUNT(*) AS customers,
       AVG(monthly_charges) AS mean_charge,
       SUM(CASE WHEN churned THEN 1 ELSE 0 END) / 1.0 AS churn_rate
FROM customers c
LEFT JOIN plans p ON p.id = c.plan_id
WHERE signup_date >= '2024-01-01'
  AND note <> 'it''s fine'
  AND score > 0.75e2
GROUP BY plan
HAVING COUNT(*) > 10
ORDER BY churn_rate DESC
LIMIT 20;

/* A table
   for the results */
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    name VARCHAR(64) NOT NULL,
    auc DOUBLE,
    created TIMESTAMP DEFAULT NULL
);
INSERT INTO results VALUES (1, 'baseline', 0.873, NULL);
