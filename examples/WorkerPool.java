import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Sender;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.go4j.Go.go;

/**
 * Go by Example's worker pool, with results: three workers take jobs from one channel and
 * send results on another; main closes the results once every worker is done
 * (WaitGroup.go, Go 1.25's wg.Go) and ranges over them. Which worker does which job varies
 * from run to run; the results, sorted, do not.
 *
 *   ./go4j run examples/WorkerPool.java
 */
public class WorkerPool {
    record Result(int job, int worker, int value) {}

    static void worker(int id, Receiver<Integer> jobs, Sender<Result> results) {
        for (int j : jobs) {                                   // for j := range jobs {
            Time.sleep(Duration.ofMillis(5));                  //     time.Sleep(...) // "work"
            results.send(new Result(j, id, j * 2));            //     results <- j * 2
        }
    }

    public static void main(String[] args) {
        final int numJobs = 9;
        var jobs = Chan.<Integer>make(numJobs);
        var results = Chan.<Result>make(numJobs);
        var wg = new WaitGroup();
        for (int w = 1; w <= 3; w++) {
            int id = w;
            wg.go(() -> worker(id, jobs, results));
        }
        for (int j = 1; j <= numJobs; j++) jobs.send(j);
        jobs.close();
        go(() -> {                                             // go func() {
            wg.await();                                        //     wg.Wait()
            results.close();                                   //     close(results)
        });                                                    // }()

        List<Result> all = new ArrayList<>();
        for (var r : results) all.add(r);                      // for r := range results
        all.sort(Comparator.comparingInt(Result::job));
        int sum = 0;
        for (var r : all) {
            System.out.println("job " + r.job() + " -> " + r.value());
            sum += r.value();
        }
        long busy = all.stream().map(Result::worker).distinct().count();
        System.out.println(all.size() + " results, sum " + sum + ", at most 3 workers: " + (busy <= 3));
    }
}

// Output:
// job 1 -> 2
// job 2 -> 4
// job 3 -> 6
// job 4 -> 8
// job 5 -> 10
// job 6 -> 12
// job 7 -> 14
// job 8 -> 16
// job 9 -> 18
// 9 results, sum 90, at most 3 workers: true
