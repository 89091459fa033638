module go4jbench

go 1.19
